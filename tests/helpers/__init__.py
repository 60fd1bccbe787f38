"""What the tests share: the named test bed, responders, differential tools, fuzzers."""

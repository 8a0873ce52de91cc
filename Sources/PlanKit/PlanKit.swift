import ArrowLite

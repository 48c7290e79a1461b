// The map uses d3-geo's own conic equal-area projection; none of d3-geo-projection's extras.
module.exports = {};

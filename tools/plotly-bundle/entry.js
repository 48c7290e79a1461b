// The trace types the app draws: geo choropleths and scatters (map, snapshots, embed) and bars
// (population chart, size ranking). plotly.py 7.1.0 ships plotly.js 4.1.1; keep them in step.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/bar'),
]);

module.exports = Plotly;

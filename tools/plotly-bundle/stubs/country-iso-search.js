// Traces locate regions by our GeoJSON ids, never by country name (locationmode "country names").
module.exports = { COUNTRIES: [], createLookup: function () { return { lookupAlpha3: function () {} }; } };

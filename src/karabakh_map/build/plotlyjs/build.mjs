// Bundle entry.js into one minified script defining window.Plotly, as plotly.js's own
// esbuild config does (tasks/ in its repository), minus what only other trace types need.
import * as esbuild from 'esbuild';

const [outfile] = process.argv.slice(2);
if (!outfile) throw new Error('usage: node build.mjs OUTFILE');

await esbuild.build({
    entryPoints: ['entry.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    banner: { js: '/* plotly.js 4.1.1 (MIT, (c) Plotly, Inc.), partial bundle: choropleth, scattergeo, bar */' },
    alias: {
        regl: '@plotly/regl',
        stream: 'stream-browserify',
        'd3-geo-projection': './stubs/d3-geo-projection.js',
        'country-iso-search': './stubs/country-iso-search.js',
    },
    // MapLibre's stylesheet is imported for map traces only, which this bundle leaves out.
    loader: { '.css': 'empty' },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    logLevel: 'info',
});

// Bundle entry.js into one minified script defining window.Plotly, as plotly.js's own
// esbuild config does (tasks/ in its repository), minus what only other trace types need.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';

// plotly.js fetches geo base maps from its CDN unless a page says otherwise; this bundle's
// default is the app's own copy, so a page that forgets topojsonURL still fetches nothing
// from elsewhere. The build fails if plotly.js moves the default.
const CDN_TOPOJSON = "'https://cdn.plot.ly/un/'";
const OWN_TOPOJSON = "'assets/topojson/'";
const ownTopojson = {
    name: 'own-topojson',
    setup(build) {
        build.onLoad({ filter: /plot_api[\\/]plot_config\.js$/ }, async (args) => {
            const source = await readFile(args.path, 'utf8');
            if (!source.includes(CDN_TOPOJSON)) throw new Error(`${CDN_TOPOJSON} not found in ${args.path}`);
            return { contents: source.replace(CDN_TOPOJSON, OWN_TOPOJSON), loader: 'js' };
        });
    },
};

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
    plugins: [ownTopojson],
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    logLevel: 'info',
});

// Extra bundler options for @jupyter/builder (package.json: jupyterlab.rspackConfig).
// Module and chunk ids by order, not by a hash of each module's absolute path:
// the same sources then give the same bytes in any folder, so CI can rebuild the
// extension from source and compare it with the committed build.
module.exports = {
  optimization: {
    moduleIds: 'natural',
    chunkIds: 'natural'
  }
};

// Mantine's postcss preset: rem/em helpers and light/dark mixins used by Mantine's CSS.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};

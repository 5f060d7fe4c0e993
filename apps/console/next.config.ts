import type { NextConfig } from 'next';

const config: NextConfig = {
  // The domain package ships TypeScript sources; the console bundles them like its own.
  transpilePackages: ['@herald/domain'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;

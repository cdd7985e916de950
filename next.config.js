/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers and WebAssembly engines must load from node_modules at run time, not be bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pglite-prisma-adapter',
    '@prisma/adapter-pg',
    '@prisma/client',
    'pg',
    '@node-rs/argon2',
    'jsonata',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;

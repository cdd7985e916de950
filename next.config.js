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
    // Queue mode: BullMQ forks its sandboxed processors from its own files; loaded as installed, like the drivers.
    'bullmq',
    'ioredis',
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // Every response: no MIME sniffing, never framed (clickjacking), no full URLs leaked to other sites.
  // Pages get their Content-Security-Policy from proxy.ts (it carries a per-request nonce); API routes
  // answer JSON or event streams, so theirs allows nothing to load at all.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;

import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config/env.js';

describe('PAVILION_EMBED_ORIGINS', () => {
  it('is empty by default: no site may frame the embeds', () => {
    expect(configFromEnv({}).embedOrigins).toEqual([]);
    expect(configFromEnv({ PAVILION_EMBED_ORIGINS: ' ' }).embedOrigins).toEqual([]);
  });

  it('takes comma-separated origins, subdomain wildcards and ports included', () => {
    expect(configFromEnv({ PAVILION_EMBED_ORIGINS: 'https://news.example.com, https://*.tianjin.gov.cn,http://localhost:8080' }).embedOrigins).toEqual([
      'https://news.example.com',
      'https://*.tianjin.gov.cn',
      'http://localhost:8080',
    ]);
  });

  it('refuses what is not an origin, naming the variable', () => {
    for (const bad of ['*', 'news.example.com', 'https://news.example.com/path', "https://a.com 'unsafe-inline'", 'javascript:alert(1)']) {
      expect(() => configFromEnv({ PAVILION_EMBED_ORIGINS: bad }), bad).toThrow(/PAVILION_EMBED_ORIGINS/);
    }
  });
});

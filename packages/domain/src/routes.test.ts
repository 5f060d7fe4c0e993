import { describe, expect, it } from 'vitest';
import { describeRouteProblem, routeSchema } from './routes.ts';

describe('routes', () => {
  it.each([
    'https://{default}/',
    'http://www.{default}/blog',
    'https://api.{all}/',
    'https://shop.example.com/cart',
  ])('takes %s', (route) => {
    expect(describeRouteProblem(route)).toBeNull();
  });

  it.each([
    ['{default}/', 'URL template'],
    ['ftp://{default}/', 'URL template'],
    ['https://{default}', 'URL template'],
    ['https://{primary}/', 'placeholder'],
    ['https://shop_1.example.com/', 'shop_1'],
  ])('refuses %s', (route, reason) => {
    expect(describeRouteProblem(route)).toContain(reason);
  });

  it('keeps only the target that the route type uses', () => {
    expect(
      routeSchema.parse({
        route: 'https://{default}/',
        type: 'redirect',
        upstream: 'app:http',
        to: 'https://www.{default}/',
      }),
    ).toEqual({
      route: 'https://{default}/',
      type: 'redirect',
      upstream: null,
      to: 'https://www.{default}/',
    });
    const missing = routeSchema.safeParse({
      route: 'https://{default}/',
      type: 'upstream',
      upstream: null,
      to: null,
    });
    expect(missing.error?.issues[0]).toMatchObject({ path: ['upstream'] });
  });
});

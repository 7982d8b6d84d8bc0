/** The --queue URL: what is accepted, what each part becomes, and the message for each mistake. */
import { parseQueueUrl } from '../../../eval/queue/queue-url';
import { QueueError } from '../../../eval/queue/queue-error';

describe('parseQueueUrl', () => {
  test.each([
    ['redis://127.0.0.1:6390', { host: '127.0.0.1', port: 6390, db: 0, tls: false, display: 'redis://127.0.0.1:6390' }],
    ['redis://cache.internal', { host: 'cache.internal', port: 6379, db: 0, tls: false, display: 'redis://cache.internal:6379' }],
    ['redis://:s3cret@10.0.0.5:7000/3', { host: '10.0.0.5', port: 7000, db: 3, tls: false, display: 'redis://10.0.0.5:7000/3' }],
    ['rediss://user:pw@redis.example.com:6380/', { host: 'redis.example.com', port: 6380, db: 0, tls: true, display: 'rediss://redis.example.com:6380' }],
    ['redis://[::1]:6379', { host: '::1', port: 6379, db: 0, tls: false, display: 'redis://[::1]:6379' }],
  ])('reads %s', (text, expected) => {
    expect(parseQueueUrl(text)).toEqual({ url: text, ...expected });
  });

  test('never shows the password', () => {
    expect(parseQueueUrl('redis://admin:hunter2@h:1/2').display).not.toContain('hunter2');
  });

  test.each([
    ['localhost:6379', 'only redis:// and rediss:// are supported, not localhost://'],
    ['127.0.0.1:6379', 'not a URL'],
    ['http://127.0.0.1:6379', 'only redis:// and rediss:// are supported, not http://'],
    ['redis://', 'no host'],
    ['redis://h:0', 'port 0 is not a port Redis listens on'],
    ['redis://h:70000', 'not a URL'],
    ['redis://h:6379/queue', "the path must be a database number, got '/queue'"],
    ['redis://h:6379?family=6', 'query parameters and fragments are not supported'],
  ])('refuses %s: %s', (text, why) => {
    let error: unknown;
    try {
      parseQueueUrl(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueueError);
    expect((error as QueueError).usage).toBe(true);
    expect((error as QueueError).message).toBe(`--queue '${text}': ${why} (expected redis://HOST[:PORT][/DB] or rediss://..., e.g. redis://127.0.0.1:6379)`);
  });
});

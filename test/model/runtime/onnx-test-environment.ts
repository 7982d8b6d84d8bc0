/**
 * Jest's node environment with the host's typed-array constructors. Jest runs each test file in its
 * own VM context, whose Float32Array is not the host's; onnxruntime-node's native addon makes its
 * output arrays in the host's realm and hands them to onnxruntime-common's Tensor, loaded in the
 * test's realm, whose `instanceof Float32Array` check then fails ("A float32 tensor's data must be
 * type of function Float32Array()"). Sharing the host's constructors makes both sides agree. Only
 * test files that run onnxruntime opt in, with a `@jest-environment` docblock naming this file.
 */
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
] as const;

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const host = globalThis as unknown as Record<string, unknown>;
    for (const name of TYPED_ARRAYS) this.global[name] = host[name] as never;
  }
}

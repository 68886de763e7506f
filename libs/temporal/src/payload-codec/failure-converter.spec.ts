import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { failureConverter } from './failure-converter';

const codec = new AesGcmPayloadCodec([{ id: 'k1', bytes: randomBytes(32) }]);
const SECRET_DETAIL = 'no NOA slot for HLM-2019-0042';

describe('failureConverter', () => {
  it('moves the message and stack trace into encoded attributes, which the codec encrypts and restores', async () => {
    const failure = failureConverter.errorToFailure(ApplicationFailure.nonRetryable(SECRET_DETAIL, 'NoNoaSlotAvailable'), defaultPayloadConverter);
    expect(failure.message).not.toContain(SECRET_DETAIL);
    expect(failure.stackTrace).toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('NoNoaSlotAvailable');

    const [encrypted] = await codec.encode([failure.encodedAttributes!]);
    expect(Buffer.from(encrypted.data!).includes(SECRET_DETAIL)).toBe(false);

    const [decrypted] = await codec.decode([encrypted]);
    const error = failureConverter.failureToError({ ...failure, encodedAttributes: decrypted }, defaultPayloadConverter);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error.message).toBe(SECRET_DETAIL);
    expect((error as ApplicationFailure).type).toBe('NoNoaSlotAvailable');
  });

  it('still reads a failure stored in plain text before encryption covered failures', () => {
    const plain = { message: 'written in 2025', applicationFailureInfo: { type: 'InvalidActivityInput', nonRetryable: true } };
    expect(failureConverter.failureToError(plain, defaultPayloadConverter).message).toBe('written in 2025');
  });
});

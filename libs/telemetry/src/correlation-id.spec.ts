import { correlationIdFrom, currentCorrelationId, isCorrelationId, runWithCorrelationId } from './correlation-id';

describe('the correlation id of a request', () => {
  it("is the client's X-Request-Id when that is a UUID or 32 hex digits", () => {
    expect(correlationIdFrom({ 'x-request-id': '3F2504E0-4F89-11D3-9A0C-0305E82C3301' })).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(correlationIdFrom({ 'x-request-id': '0af7651916cd43dd8448eb211c80319c' })).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('is never what could hold personal data: a BSN, a name or a case number is replaced by a new UUID', () => {
    for (const unsafe of ['111222333', 'Amina Tesfay', 'HLM-2019-0042', 'x'.repeat(32), '']) {
      const id = correlationIdFrom({ 'x-request-id': unsafe });
      expect(id).not.toBe(unsafe);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("is the traceparent's trace id when no usable X-Request-Id came, but not an all-zero one", () => {
    expect(correlationIdFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdFrom({ 'x-request-id': 'Amina', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdFrom({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).not.toBe('0'.repeat(32));
  });

  it('is new for every request that brings none', () => {
    expect(correlationIdFrom({})).not.toBe(correlationIdFrom({}));
  });

  it('is known to everything the request awaits, and to nothing outside it', async () => {
    const seen = await runWithCorrelationId('0af7651916cd43dd8448eb211c80319c', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('is recognised when it comes back from a Temporal header, and anything else is not', () => {
    expect(isCorrelationId('0af7651916cd43dd8448eb211c80319c')).toBe(true);
    expect(isCorrelationId('111222333')).toBe(false);
    expect(isCorrelationId({ id: 1 })).toBe(false);
  });
});

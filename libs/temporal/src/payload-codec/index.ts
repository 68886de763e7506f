export * from './aes-gcm-payload-codec';
export * from './payload-codec-errors';
export * from './payload-data-converter';

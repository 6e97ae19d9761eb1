// The CLIs switch off the AWS SDK's Node 20 warning (synth/sdk-node-warning.ts); tests that build SDK clients directly do the same.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * signin-watch supports Node 20 on a developer's machine (package.json `engines`), while
 * the AWS SDK prints an 8-line NodeVersionSupportWarning under Node 20 on every run. This
 * is the SDK's documented switch for it; a user who sets the variable keeps their value.
 * The Lambda runs Node 22 and never sees the warning.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

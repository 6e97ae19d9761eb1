import { Testing } from 'cdktf';
// Brings the global types of the matchers that setupJest registers (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

// The CLIs switch off the AWS SDK's Node 20 warning (cli/sdk-node-warning.ts); tests that build SDK clients directly do the same.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { Testing } from 'cdktf';
// Brings the global types of the matchers that setupJest registers (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

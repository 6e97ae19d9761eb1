// The cdktf jest matchers (toHaveResourceWithProperties, ...), for the test files that use
// them: imported there rather than set up for every test file, which would load cdktf into
// all of them.
import { Testing } from 'cdktf';
// Brings the global types of the matchers that setupJest registers.
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

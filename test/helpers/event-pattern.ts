/** The matcher moved to core, where replay uses it to tell which signal a kept event is; tests keep importing it from here. */
export { matchesPattern } from '../../core/deploy/event-pattern';

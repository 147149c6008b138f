export { OnboardingStep } from './onboarding.entity';
export { PRM_DEMO_NOW } from './onboarding.seed';
export { completeStepIn } from './onboarding.service';

/** The one browser origin the API under test allows (API_CORS_ORIGINS): a municipality's own front end. */
export const TEST_FRONT_END_ORIGIN = 'https://wegwijs.frontend-tests.invalid';

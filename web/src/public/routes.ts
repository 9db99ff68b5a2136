// Pages anyone may open: sign in, apply, sign up, the directory, links.
import type { Route } from '../app/router';
import { Landing } from './landing';
import { SignIn } from './sign-in';

export const publicRoutes: Route[] = [
  { path: '/', component: Landing, titleKey: 'public.landing.title' },
  { path: '/signin', component: SignIn, titleKey: 'public.signIn.title' },
];

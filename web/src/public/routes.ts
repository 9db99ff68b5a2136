// Pages anyone may open: sign in, apply, sign up, the directory, links.
import type { Route } from '../app/router';
import { ApplicationStatusPage, Apply } from './apply';
import { Directory } from './directory';
import { Invitation } from './invitation';
import { Landing } from './landing';
import { QuoteLink } from './quote';
import { ServiceManagerLink } from './service-manager';
import { SignIn } from './sign-in';
import { SignUp } from './signup';

export const publicRoutes: Route[] = [
  { path: '/', component: Landing, titleKey: 'public.landing.title' },
  { path: '/signin', component: SignIn, titleKey: 'public.signIn.title' },
  { path: '/apply', component: Apply, titleKey: 'public.apply.title' },
  { path: '/apply/status/:id', component: ApplicationStatusPage, titleKey: 'public.status.title' },
  { path: '/signup', component: SignUp, titleKey: 'public.signup.title' },
  { path: '/directory', component: Directory, titleKey: 'public.directory.title' },
  { path: '/invitations/:token', component: Invitation, titleKey: 'public.invitation.title' },
  { path: '/service-manager', component: ServiceManagerLink, titleKey: 'public.sm.title' },
  { path: '/quote', component: QuoteLink, titleKey: 'public.quote.title' },
];

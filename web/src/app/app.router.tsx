import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { NotFoundPage } from '../components/not-found.page';
import { AccountPage } from '../features/account/account.page';
import { PodPage } from '../features/admin-config/pod.page';
import { PodsPage } from '../features/admin-config/pods.page';
import { RequirePodAdmin } from '../features/admin-config/require-pod-admin';
import { LoginPage } from '../features/auth/login.page';
import { OAuthCallbackPage } from '../features/auth/oauth-callback.page';
import { RegisterPage } from '../features/auth/register.page';
import { VerifyEmailPage } from '../features/auth/verify-email.page';
import { BillingPage } from '../features/billing/billing.page';
import { CheckoutPage } from '../features/billing/checkout.page';
import { InvoicePage } from '../features/billing/invoice.page';
import { PlansPage } from '../features/billing/plans.page';
import { BrowsePage } from '../features/catalog/browse.page';
import { OfferPage } from '../features/catalog/offer.page';
import { HomePage } from '../features/home/home.page';
import { SendNotificationPage } from '../features/notifications/send-notification.page';
import { ActivatePage } from '../features/pods/activate.page';
import { ConfigurePage } from '../features/pods/configure.page';
import { DashboardPage } from '../features/pods/dashboard.page';
import { PodDetailPage } from '../features/pods/pod.page';
import { PodsListPage } from '../features/pods/pods.page';
import { ReviewPage } from '../features/pods/review.page';
import { StatusPage } from '../features/status/status.page';
import { AuthProvider, RequireAuth } from '../lib/auth';
import { AppLayout } from './app.layout';
import { RouteErrorPage } from './route-error.page';

/** Every client-side route. The server answers any non-API GET for HTML with index.html. */
const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'browse', element: <BrowsePage /> },
      { path: 'offers/:id', element: <OfferPage /> },
      { path: 'plans', element: <PlansPage /> },
      { path: 'status', element: <StatusPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'login/oauth', element: <OAuthCallbackPage /> },
      {
        path: 'dashboard',
        element: (
          <RequireAuth>
            <DashboardPage />
          </RequireAuth>
        ),
      },
      {
        path: 'pods',
        element: (
          <RequireAuth>
            <PodsListPage />
          </RequireAuth>
        ),
      },
      {
        path: 'pods/new',
        element: (
          <RequireAuth>
            <ConfigurePage />
          </RequireAuth>
        ),
      },
      {
        path: 'pods/drafts/:id/review',
        element: (
          <RequireAuth>
            <ReviewPage />
          </RequireAuth>
        ),
      },
      // Public: the e-mailed link must work in a browser where the owner is not signed in.
      { path: 'pods/activate', element: <ActivatePage /> },
      {
        path: 'pods/:id',
        element: (
          <RequireAuth>
            <PodDetailPage />
          </RequireAuth>
        ),
      },
      {
        path: 'billing',
        element: (
          <RequireAuth>
            <BillingPage />
          </RequireAuth>
        ),
      },
      {
        path: 'billing/checkout',
        element: (
          <RequireAuth>
            <CheckoutPage />
          </RequireAuth>
        ),
      },
      {
        path: 'billing/invoices/:id',
        element: (
          <RequireAuth>
            <InvoicePage />
          </RequireAuth>
        ),
      },
      {
        path: 'account',
        element: (
          <RequireAuth>
            <AccountPage />
          </RequireAuth>
        ),
      },
      {
        path: 'admin/config',
        element: (
          <RequireAuth>
            <RequirePodAdmin>
              <PodsPage />
            </RequirePodAdmin>
          </RequireAuth>
        ),
      },
      {
        path: 'admin/config/:podId',
        element: (
          <RequireAuth>
            <RequirePodAdmin>
              <PodPage />
            </RequirePodAdmin>
          </RequireAuth>
        ),
      },
      {
        path: 'admin/notifications',
        element: (
          <RequireAuth>
            <RequirePodAdmin>
              <SendNotificationPage />
            </RequirePodAdmin>
          </RequireAuth>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function AppRouter() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}

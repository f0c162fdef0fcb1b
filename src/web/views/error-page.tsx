import { Layout, type PageContext } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible now',
  413: 'Too large',
  422: 'Please check your answers',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Busy right now',
};

export interface ErrorPageProps {
  readonly page: PageContext;
  readonly status: number;
  readonly message: string;
}

/** The page for every refused or failed request; its HTTP status is set by the caller. */
export function ErrorPage({ page, status, message }: ErrorPageProps) {
  const title = TITLES[status] ?? 'Error';
  return (
    <Layout page={page} title={title}>
      <section class="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{title}</h1>
        <p>{message}</p>
        {status === 401 && !page.login && (
          <p>
            <a class="button" href="/login">
              Log in
            </a>
          </p>
        )}
        <p>
          <a href="/">Back to the elections</a>
        </p>
      </section>
    </Layout>
  );
}

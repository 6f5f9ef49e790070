/**
 * A JSON client for the management API, authenticated with one bearer key: over real HTTP, or
 * in-process when given a service's `fetch` (a service started with `listen: false`).
 */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A refusal's body (the root onError): its code and, for invalid input, the problem of each field. */
export type ApiAnswer = Record<string, unknown> & {
  error?: { code: string; details?: { problems?: { field: string; message: string }[] } };
};

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key?: string,
    readonly fetchImpl: (input: string, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  as(key: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, key, this.fetchImpl);
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>("GET", path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>("POST", path, body);
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>("PATCH", path, body);
  }

  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>("DELETE", path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }
}

namespace MatAssistant.Web;

/// <summary>How <c>matassist serve</c> listens and what it accepts.</summary>
/// <param name="Host">Address to listen on (default 127.0.0.1: the assistant reads the user's data and is not meant for a network).</param>
/// <param name="Port">TCP port (default 5080; 0 picks a free one).</param>
/// <param name="MaxRequestBytes">Largest JSON request body (default 1 MiB: a 100,000-formula screen fits).</param>
/// <param name="MaxUploadBytes">Largest upload to <c>/api/ingest</c> (default 64 MiB).</param>
/// <param name="RequestSeconds">Longest a request may run before it is answered 504 (default 180 s: above the generator's 30 s budget and the tools' 60 s timeout).</param>
/// <param name="MaxConversations">Conversations kept at once; the least recently used is forgotten beyond this (default 64).</param>
public sealed record WebServerOptions(
    string Host = "127.0.0.1",
    int Port = 5080,
    long MaxRequestBytes = 1 << 20,
    long MaxUploadBytes = 64L << 20,
    double RequestSeconds = 180,
    int MaxConversations = 64)
{
    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestSeconds);
}

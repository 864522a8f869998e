using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using global::OpenAI;

namespace MatAssistant.Agent.Brains.OpenAI;

/// <summary>
/// A brain served by any OpenAI-compatible <c>/v1/chat/completions</c> endpoint, with the server's native tool calling
/// (<c>tools</c> in the request, <c>tool_calls</c> in the reply) through Microsoft.Extensions.AI.OpenAI.
/// </summary>
public static class OpenAIBrain
{
    /// <summary>Creates the client. Throws <see cref="BrainConfigurationException"/> for an endpoint that is not an absolute http(s) URL or an empty model name.</summary>
    public static IChatClient Create(Uri endpoint, string? model = null, string? apiKey = null)
        => Create(new OpenAIBrainOptions(endpoint)
        {
            Model = string.IsNullOrWhiteSpace(model) ? OpenAIBrainOptions.DefaultModel : model,
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? "not-needed" : apiKey,
        });

    /// <summary>Creates the client from options.</summary>
    public static IChatClient Create(OpenAIBrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || !options.Endpoint.IsAbsoluteUri || (options.Endpoint.Scheme != Uri.UriSchemeHttp && options.Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new BrainConfigurationException($"Endpoint '{options.Endpoint}' is not an http(s) URL; pass e.g. --endpoint http://localhost:11434/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new BrainConfigurationException("The openai backend needs a model name; pass --model NAME.");
        }

        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "not-needed" : options.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = options.Endpoint,
                NetworkTimeout = options.NetworkTimeout,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
                Transport = options.HttpClient is null ? null : new HttpClientPipelineTransport(options.HttpClient),
            });
        return new ServerErrors(client.GetChatClient(options.Model).AsIChatClient(), options);
    }

    /// <summary>
    /// Parses what the CLI gets: an endpoint string and the name of the environment variable holding the key
    /// (<c>--api-key-env VAR</c>; unset variable named explicitly is an error, no variable means no key).
    /// </summary>
    public static OpenAIBrainOptions ParseOptions(string? endpoint, string? model, string? apiKeyVariable)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new BrainConfigurationException("The openai backend needs an endpoint: pass --endpoint URL (e.g. http://localhost:11434/v1).");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new BrainConfigurationException($"Endpoint '{endpoint}' is not an http(s) URL; pass e.g. --endpoint http://localhost:11434/v1.");
        }

        var key = "not-needed";
        if (!string.IsNullOrWhiteSpace(apiKeyVariable))
        {
            key = Environment.GetEnvironmentVariable(apiKeyVariable) is { Length: > 0 } value
                ? value
                : throw new BrainConfigurationException($"Environment variable '{apiKeyVariable}' named by --api-key-env is not set.");
        }

        return new OpenAIBrainOptions(uri)
        {
            Model = string.IsNullOrWhiteSpace(model) ? OpenAIBrainOptions.DefaultModel : model,
            ApiKey = key,
        };
    }

    /// <summary>
    /// Turns what the server or the network did wrong into a <see cref="BrainRequestException"/> with one line saying what
    /// happened and what to do: a refused key (401/403), an unknown model or path (404), another HTTP status, no answer
    /// within <see cref="OpenAIBrainOptions.NetworkTimeout"/>. The SDK has already retried once.
    /// </summary>
    private sealed class ServerErrors(IChatClient inner, OpenAIBrainOptions options) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
        {
            try
            {
                return await base.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Translate(e, cancellationToken) is { } error)
            {
                throw error;
            }
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var updates = base.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        update = updates.Current;
                    }
                    catch (Exception e) when (Translate(e, cancellationToken) is { } error)
                    {
                        throw error;
                    }

                    yield return update;
                }
            }
            finally
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }

        private BrainRequestException? Translate(Exception e, CancellationToken cancellationToken)
        {
            var server = options.Endpoint;
            return e switch
            {
                ClientResultException { Status: 401 or 403 } r => new BrainRequestException(
                    $"The language-model server at {server} refused the request (HTTP {r.Status}): check the API key (--api-key-env VAR).", e),
                ClientResultException { Status: 404 } => new BrainRequestException(
                    $"The language-model server at {server} answered HTTP 404: check that the endpoint ends in /v1 and that it serves model '{options.Model}' (--model).", e),
                ClientResultException { Status: > 0 } r => new BrainRequestException(
                    $"The language-model server at {server} answered HTTP {r.Status} ({FirstLine(r.Message)}); try again, or check the server's log.", e),
                OperationCanceledException or AggregateException { InnerExceptions: [OperationCanceledException, ..] } when !cancellationToken.IsCancellationRequested => new BrainRequestException(
                    $"The language-model server at {server} gave no answer within {options.NetworkTimeout.TotalSeconds:0.#} s (tried twice); check that it is running and not overloaded.", e),
                _ => null,
            };
        }

        private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
    }
}

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
            });
        return client.GetChatClient(options.Model).AsIChatClient();
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
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// A scripted OpenAI-compatible server on 127.0.0.1 (random free port) speaking <c>POST /v1/chat/completions</c>, plain and
/// streamed (server-sent events). Until the conversation holds a <c>tool</c> message it answers with one <c>tool_calls</c>
/// message calling <see cref="ToolName"/> with <see cref="ToolArguments"/>; once it sees the tool result it answers
/// "The sum is {result}." Every request body is kept for the test to inspect.
/// </summary>
internal sealed class FakeOpenAIServer : IDisposable
{
    public const string ToolName = "math_add";
    public const string ToolArguments = """{"a":2,"b":3}""";
    public const string CallId = "call_fake_1";

    private readonly HttpListener _listener;
    private readonly Task _loop;

    public FakeOpenAIServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
                _listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public List<(string Path, string? Authorization, JsonNode Body)> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The listener was stopped under the loop.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            }

            if (context.Request.Url.AbsolutePath != "/v1/chat/completions")
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                continue;
            }

            var toolResult = body["messages"]!.AsArray().LastOrDefault(m => (string?)m!["role"] == "tool")?["content"];
            var stream = (bool?)body["stream"] == true;
            var model = (string?)body["model"] ?? "unknown";
            string payload;
            if (stream)
            {
                context.Response.ContentType = "text/event-stream";
                var events = toolResult is null ? ToolCallChunks(model) : TextChunks(model, $"The sum is {Content(toolResult)}.");
                payload = string.Concat(events.Select(e => $"data: {e}\n\n")) + "data: [DONE]\n\n";
            }
            else
            {
                context.Response.ContentType = "application/json";
                payload = (toolResult is null ? ToolCallCompletion(model) : TextCompletion(model, $"The sum is {Content(toolResult)}.")).ToJsonString();
            }

            var bytes = Encoding.UTF8.GetBytes(payload);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static string Content(JsonNode content) => content.GetValueKind() == JsonValueKind.String
        ? (string)content!
        : string.Concat(content.AsArray().Select(part => (string?)part!["text"]));

    private static JsonObject Completion(string model, JsonObject message, string finish) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 7, ["total_tokens"] = 27 },
    };

    private static JsonObject ToolCallCompletion(string model) => Completion(model, new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = CallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = ToolArguments },
        }),
    }, "tool_calls");

    private static JsonObject TextCompletion(string model, string text) =>
        Completion(model, new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    private static string Chunk(string model, JsonObject delta, string? finish) => new JsonObject
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    }.ToJsonString();

    private static IEnumerable<string> ToolCallChunks(string model)
    {
        yield return Chunk(model, new JsonObject
        {
            ["role"] = "assistant",
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["id"] = CallId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = "" },
            }),
        }, null);
        // The arguments arrive in pieces, as real servers send them.
        foreach (var piece in new[] { ToolArguments[..5], ToolArguments[5..] })
        {
            yield return Chunk(model, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
            }, null);
        }

        yield return Chunk(model, [], "tool_calls");
    }

    private static IEnumerable<string> TextChunks(string model, string text)
    {
        yield return Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            yield return Chunk(model, new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] }, null);
        }

        yield return Chunk(model, [], "stop");
    }
}

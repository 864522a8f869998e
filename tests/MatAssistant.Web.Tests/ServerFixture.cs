using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace MatAssistant.Web.Tests;

/// <summary>
/// One server over a fresh data directory: in process on a TestServer, or on a real loopback port for the browser.
/// The assets (corpus/, prompts/, models/) are those copied beside the tests from the CLI's build.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable, IDisposable
{
    /// <summary>An in-process server (xunit's class fixture).</summary>
    public ServerFixture()
        : this(false, null)
    {
    }

    private ServerFixture(bool kestrel, WebServerOptions? options)
    {
        DataDir = Directory.CreateTempSubdirectory("matassist-web-").FullName;
        Resources = AssistantResources.Open(Assets.Prompts, Assets.Workspace(DataDir), null, null, null);
        App = MatAssistWeb.Build(options ?? new WebServerOptions(Port: 0), Resources, new BrainSettings(), builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }
        });
        App.StartAsync().GetAwaiter().GetResult();
        Client = kestrel ? new HttpClient { BaseAddress = new Uri(App.Urls.First()) } : App.GetTestClient();
    }

    /// <summary>A server on a real loopback port (for the browser, the load test).</summary>
    public static ServerFixture OnLoopback(WebServerOptions? options = null) => new(true, options);

    /// <summary>An in-process server with other limits.</summary>
    public static ServerFixture InProcess(WebServerOptions options) => new(false, options);

    public string DataDir { get; }

    public AssistantResources Resources { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The server's address (a real port with Kestrel).</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    public async Task<(int Status, JsonNode? Json, HttpResponseMessage Response)> PostAsync(string path, object body)
    {
        var response = await Client.PostAsJsonAsync(path, body, ContractJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<(int Status, string Text)> PostRawAsync(string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Resources.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing index: the temp folder is the system's to clean.
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>The shipped assets as the CLI's build copies them beside the tests.</summary>
internal static class Assets
{
    public static string Root => AppContext.BaseDirectory;

    public static string Prompts => Path.Combine(Root, "prompts");

    public static WorkspaceOptions Workspace(string dataDir) => new(Path.Combine(Root, "models"), Path.Combine(Root, "corpus", "literature"), dataDir);
}

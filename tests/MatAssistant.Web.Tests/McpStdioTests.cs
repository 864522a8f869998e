using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MatAssistant.Web.Tests;

/// <summary>
/// <c>matassist mcp</c> over stdio, as a separate process: through the SDK's own client, and through the official MCP
/// Inspector CLI from npm (a client nobody on the team wrote; skipped where node/npx is missing).
/// </summary>
public sealed class McpStdioTests(McpProcess server) : IClassFixture<McpProcess>
{
    /// <summary>The Inspector release the test runs (its CLI mode; it warns about but runs on Debian's node 20).</summary>
    public const string Inspector = "@modelcontextprotocol/inspector@2.12.0";

    private readonly McpProcess _server = server;

    // A call for each tool, with arguments a client's model would send, and a field its result must carry.
    public static TheoryData<string, string, string> Calls => new()
    {
        { "compositions_screen", "{\"formulas\": [\"LiFePO4\", \"NaCl2\"]}", "results" },
        { "literature_retrieve", "{\"query\": \"What is CDVAE?\", \"top\": 2}", "passages" },
        { "equations_solve", "{\"equations\": [\"dy/dt = -0.5*y\"], \"initial\": [\"y=2\"], \"t1\": 10}", "final" },
        { "compositions_generate", "{\"count\": 3, \"include\": [\"Li\", \"O\"]}", "candidates" },
    };

    [Fact]
    public async Task Stdio_ThroughTheSdkClient_ListsTheToolsAndCallsOne()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "matassist",
            Command = McpProcess.Dotnet,
            Arguments = [McpProcess.Assembly, "mcp"],
            WorkingDirectory = _server.WorkingDirectory,
        });
        await using var client = await McpClient.CreateAsync(transport);
        var tools = await client.ListToolsAsync();
        Assert.Equal(["compositions_generate", "compositions_screen", "equations_solve", "literature_retrieve"], tools.Select(t => t.Name).Order());
        var result = await client.CallToolAsync("compositions_screen", new Dictionary<string, object?> { ["formulas"] = new[] { "LiFePO4" } });
        Assert.NotEqual(true, result.IsError);
        var json = JsonNode.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text)!;
        Assert.Equal("matassist/1", json["schema"]!.GetValue<string>());
        Assert.True(json["results"]![0]!["valid"]!.GetValue<bool>());
    }

    private (int Code, string Output, string Error) RunInspector(params string[] arguments)
    {
        Skip.If(FindOnPath("npx") is null, "the MCP Inspector test needs node and npx (Debian: apt-get install nodejs npm; .ci/run installs them)");
        var start = new ProcessStartInfo("npx") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _server.WorkingDirectory };
        foreach (var argument in (string[])["-y", Inspector, "--cli", .. McpProcess.ServerCommand, "--connect-timeout", "180000", "--cwd", _server.WorkingDirectory, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the MCP Inspector did not finish within 5 minutes");
        }

        var offline = error.Result.Contains("ENOTFOUND", StringComparison.Ordinal) || error.Result.Contains("EAI_AGAIN", StringComparison.Ordinal);
        Skip.If(process.ExitCode != 0 && offline && error.Result.Contains("npm error", StringComparison.Ordinal),
            $"npm could not fetch {Inspector} (no network to the npm registry)");
        return (process.ExitCode, output.Result, error.Result);
    }

    [SkippableFact]
    public void Inspector_ToolsList_ShowsTheKernelsFourTools()
    {
        var (code, output, error) = RunInspector("--method", "tools/list");
        Assert.True(code == 0, error);
        var tools = JsonNode.Parse(output)!["tools"]!.AsArray();
        Assert.Equal(["compositions_generate", "compositions_screen", "equations_solve", "literature_retrieve"], tools.Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t!["description"]!.GetValue<string>())));
    }

    [SkippableTheory]
    [MemberData(nameof(Calls))]
    public void Inspector_ToolsCall_GivesTheContractsJson(string tool, string arguments, string field)
    {
        var pairs = JsonNode.Parse(arguments)!.AsObject().SelectMany(a => new[] { "--tool-arg", $"{a.Key}={a.Value!.ToJsonString()}" }).ToArray();
        var (code, output, error) = RunInspector(["--method", "tools/call", "--tool-name", tool, .. pairs]);
        Assert.True(code == 0, output + error);
        var content = JsonNode.Parse(output)!["content"]![0]!["text"]!.GetValue<string>();
        var result = JsonDocument.Parse(content).RootElement;
        Assert.Equal("matassist/1", result.GetProperty("schema").GetString());
        Assert.True(result.TryGetProperty(field, out _), content);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}

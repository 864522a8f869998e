using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatAssistant.Cli.Tests;

/// <summary>
/// Nothing is computed in a front end: the same request through a command and through the assistant's tool gives the same
/// result JSON, because both call the same use case. Only the wall-clock time and the plot file (the assistant always
/// draws one) may differ.
/// </summary>
public sealed class OneResultEverywhereTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("matassist-same-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private static JsonNode Strip(JsonNode node)
    {
        foreach (var key in new[] { "seconds", "plot", "artifacts" })
        {
            node.AsObject().Remove(key);
        }

        return node;
    }

    private JsonNode AskResult(string request, string tool)
    {
        var (code, output, error) = CliRunner.Run("ask", request, "--json", "--data-dir", _dataDir);
        Assert.True(code == 0, error);
        var call = JsonNode.Parse(output)!["tool_calls"]!.AsArray().Single(c => c!["tool"]!.GetValue<string>() == tool)!;
        Assert.True(call["ok"]!.GetValue<bool>(), call["error"]?.ToString());
        return Strip(call["result"]!.DeepClone());
    }

    private JsonNode CommandResult(params string[] args)
    {
        var (code, output, error) = CliRunner.Run([.. args, "--json", "--data-dir", _dataDir]);
        Assert.True(code == 0, error);
        return Strip(JsonNode.Parse(output)!);
    }

    [Fact]
    public void DesignRequest_ThroughGenerateAndThroughAsk_GivesTheSameCandidates()
    {
        var asked = AskResult("Propose 10 novel compositions containing Li, Mn and O", "compositions_generate");
        // The planner names its default of at most 5 elements when the request gives no count; the command says it outright.
        var command = CommandResult("generate", "--count", "10", "--include", "Li,Mn,O", "--novel-only", "--max-elements", "5");
        Assert.Equal(10, asked["candidates"]!.AsArray().Count);
        Assert.Equal(command.ToJsonString(), asked.ToJsonString());
    }

    [Fact]
    public void SolveRequest_ThroughSolveAndThroughAsk_GivesTheSameSolution()
    {
        var asked = AskResult("Solve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10", "equations_solve");
        var command = CommandResult("solve", "--equation", "dy/dt = -0.5*y", "--init", "y=2", "--t1", "10");
        Assert.Equal(0.0134759, asked["final"]!["y"]!.GetValue<double>(), 6);
        Assert.Equal(command.ToJsonString(), asked.ToJsonString());
    }

    [Fact]
    public void LiteratureQuestion_ThroughSearchAndThroughAsk_GivesTheSamePassages()
    {
        var (code, output, error) = CliRunner.Run("ask", "What is CDVAE?", "--json", "--data-dir", _dataDir);
        Assert.True(code == 0, error);
        var call = JsonNode.Parse(output)!["tool_calls"]!.AsArray().First(c => c!["tool"]!.GetValue<string>() == "literature_retrieve")!;
        var query = call["result"]!["query"]!.GetValue<string>();
        var asked = Strip(call["result"]!.DeepClone());
        var top = call["arguments"]!["top"]!.ToJsonString();
        var command = CommandResult("search", query, "--top", top);
        Assert.NotEmpty(command["passages"]!.AsArray());
        Assert.Equal(command.ToJsonString(), asked.ToJsonString());
    }

    [Fact]
    public void Ask_Json_CarriesUnderstoodAndTheToolResult()
    {
        var (code, output, _) = CliRunner.Run("ask", "Is LiFePO4 charge neutral?", "--json", "--data-dir", _dataDir);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Contains("screen 1 formula (LiFePO4)", root.GetProperty("understood")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("not_used").ValueKind);
        var result = root.GetProperty("tool_calls")[0].GetProperty("result");
        Assert.Equal("matassist/1", result.GetProperty("schema").GetString());
        Assert.True(result.GetProperty("results")[0].GetProperty("valid").GetBoolean());
        Assert.StartsWith("_Read as: screen 1 formula", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;

namespace MatAssistant.Cli.Tests;

/// <summary>LaTeX and carets of the documents are shown readably on the terminal; the JSON quote stays verbatim.</summary>
public sealed class AskRenderingTests : IDisposable
{
    private const string Question = "how many structures of the V_xO_y family did iMatGen find stable?";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("matassist-render-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public void Ask_CitationList_ShowsTheQuoteReadably_AndJsonKeepsItVerbatim()
    {
        // Regression: the terminal's citation list printed "$E_{\text{hull}} < 80$" and "10^{-22}" as they stand in the file.
        var (code, output, error) = CliRunner.Run("ask", Question, "--data-dir", _dataDir);
        Assert.True(code == 0, error);
        var list = output[output.IndexOf("\n[1]", StringComparison.Ordinal)..];
        Assert.Contains("E_hull < 80", list, StringComparison.Ordinal);
        Assert.Contains("10⁻²²", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\\text", list, StringComparison.Ordinal);

        (code, output, error) = CliRunner.Run("ask", Question, "--json", "--data-dir", _dataDir);
        Assert.True(code == 0, error);
        var citation = JsonNode.Parse(output)!["citations"]!.AsArray().First(c => c!["quote"]!.GetValue<string>().Contains("iMatGen", StringComparison.Ordinal))!;
        Assert.Contains("$E_{\\text{hull}} < 80$", citation["quote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("E_hull < 80", citation["readable_quote"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

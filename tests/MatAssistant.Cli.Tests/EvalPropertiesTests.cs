using System.Text.Json;
using Xunit;

namespace MatAssistant.Cli.Tests;

/// <summary><c>eval FILE.csv --mode properties</c>: the textbook evaluation of the shipped band-gap and metal models.</summary>
public sealed class EvalPropertiesTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"props_{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Properties_PrintsMaeCoverageAndMisclassifiedInsulators()
    {
        MatAssistant.Torch.TorchRuntime.SetThreads(1);
        File.WriteAllText(_path, "formula,gap_ev,is_metal,note\nGaN,3.4,0,\"wurtzite, direct\"\nNaCl,8.5,0,\nCu,0,1,metal\n");
        var (code, output, error) = CliRunner.Run("eval", _path, "--mode", "properties", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var all = json.RootElement.GetProperty("all");
        Assert.Equal(3, all.GetProperty("compounds").GetInt32());
        Assert.Equal(2, all.GetProperty("non_metals").GetInt32());
        Assert.True(double.IsFinite(all.GetProperty("gap_mae").GetDouble()));
        Assert.Equal(3, json.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("misclassified_insulators").ValueKind);

        (code, output, _) = CliRunner.Run("eval", _path, "--mode", "properties");
        Assert.Equal(0, code);
        Assert.Contains("gap MAE", output, StringComparison.Ordinal);
        Assert.Contains("insulators called metals", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("formula,gap_ev,is_metal\nXx2O3,1.0,0\n")]
    [InlineData("formula,gap\nGaN,3.4\n")]
    [InlineData("formula,gap_ev,is_metal\nGaN,wide,0\n")]
    public void Properties_BadSet_ExitsTwoWithOneLine(string content)
    {
        File.WriteAllText(_path, content);
        var (code, _, error) = CliRunner.Run("eval", _path, "--mode", "properties");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }
}

using System.Text.Json;

namespace MatAssistant.Cli.Tests;

/// <summary><c>chat --json</c>: stdout carries one JSON answer per turn, one per line; prompts and command replies go to stderr.</summary>
public sealed class ChatCommandTests
{
    /// <summary>Regression: the README said every command takes --json, but chat printed no JSON at all.</summary>
    [Fact]
    public void ChatJson_WritesOneJsonObjectPerTurn()
    {
        var input = Console.In;
        var dataDir = Directory.CreateTempSubdirectory("matassist-chat-").FullName;
        Console.SetIn(new StringReader("Screen NaCl and KCl\n/tools\n\nSolve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10\n/exit\n"));
        try
        {
            var (code, output, error) = CliRunner.Run("chat", "--json", "--data-dir", dataDir);

            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            var tools = lines.Select(l =>
            {
                using var answer = JsonDocument.Parse(l);
                Assert.False(string.IsNullOrWhiteSpace(answer.RootElement.GetProperty("answer").GetString()));
                return answer.RootElement.GetProperty("tool_calls")[0].GetProperty("tool").GetString();
            }).ToList();
            Assert.Equal(["compositions_screen", "equations_solve"], tools);
            Assert.Contains("> ", error, StringComparison.Ordinal);
            Assert.Contains("literature_retrieve", error, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetIn(input);
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

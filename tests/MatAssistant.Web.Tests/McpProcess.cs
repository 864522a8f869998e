using System.Diagnostics;

namespace MatAssistant.Web.Tests;

/// <summary>
/// <c>matassist mcp</c> as a client starts it: the CLI's build beside the tests (matassist.dll with corpus/, prompts/,
/// models/), run by dotnet in a working directory of its own, so its index lands in that directory's .matassist/.
/// </summary>
public sealed class McpProcess : IDisposable
{
    /// <summary>Builds the index once for the class, so the server answers each handshake without a first-run delay.</summary>
    public McpProcess() => Prepare();

    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("matassist-mcp-").FullName;

    public static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "matassist.dll");

    public static IReadOnlyList<string> ServerCommand => [Dotnet, Assembly, "mcp"];

    private void Prepare()
    {
        using var process = Process.Start(new ProcessStartInfo(Dotnet, [Assembly, "ingest"]) { WorkingDirectory = WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "matassist ingest did not finish within 3 minutes");
        Assert.True(process.ExitCode == 0, error.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }
}

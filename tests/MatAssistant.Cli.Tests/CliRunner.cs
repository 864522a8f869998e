namespace MatAssistant.Cli.Tests;

/// <summary>Runs matassist in process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = MatAssistCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using MatAssistant.Application;

namespace MatAssistant.Application.Tests;

/// <summary>The shipped models beside the test assembly, loaded once for a test class; a temporary data directory.</summary>
public sealed class WorkspaceFixture : IDisposable
{
    public WorkspaceFixture()
    {
        DataDir = Directory.CreateTempSubdirectory("matassist-app-").FullName;
        Workspace = new Workspace(new WorkspaceOptions(Path.Combine(AppContext.BaseDirectory, "models"), Path.Combine(AppContext.BaseDirectory, "corpus", "literature"), DataDir));
    }

    public string DataDir { get; }

    public Workspace Workspace { get; }

    public void Dispose()
    {
        Workspace.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Application;
using MatAssistant.Application.Design;
using MatAssistant.Application.Literature;
using MatAssistant.Application.Screening;
using MatAssistant.Application.Solving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace MatAssistant.Web;

/// <summary>
/// <c>matassist serve</c>: the REST endpoints over the use cases (the contracts' JSON in and out), the assistant's
/// conversations (plain and streamed), the chat page and MCP over streamable HTTP at <c>/mcp</c>. Nothing is computed
/// here: each endpoint reads its request, calls the use case the CLI calls, and writes its result.
/// </summary>
public static class MatAssistWeb
{
    /// <summary>Where uploads are kept, under the data directory, before they are ingested.</summary>
    public const string UploadFolder = "uploads";

    // Reading is stricter than writing: a misspelt field is an error, never silently ignored.
    private static readonly JsonSerializerOptions ReadOptions = new(ContractJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>
    /// Builds the server over <paramref name="resources"/> (which the caller keeps and disposes after the server stops).
    /// <paramref name="configure"/> may change the builder last (tests put a TestServer in place of Kestrel).
    /// </summary>
    public static WebApplication Build(WebServerOptions options, AssistantResources resources, BrainSettings brain, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        var address = ParseHost(options.Host);
        if (options.Port is < 0 or > 65535)
        {
            throw new RequestException($"the port {options.Port} is not between 0 and 65535.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(MatAssistWeb).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes;
        });
        var store = new ConversationStore(resources, brain, options.MaxConversations);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        var work = new InFlightWork();
        builder.Services.AddSingleton(work);
        builder.Services.AddHostedService(_ => work);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = McpSurface.ServerName, Version = typeof(MatAssistWeb).Assembly.GetName().Version?.ToString() ?? "1" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithMatAssistant(resources);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
        app.Use(async (context, next) =>
        {
            var upload = context.Request.Path.StartsWithSegments("/api/ingest") && context.Request.HasFormContentType;
            var limit = upload ? options.MaxUploadBytes : options.MaxRequestBytes;
            if (context.Request.ContentLength > limit)
            {
                await ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"the request body is {context.Request.ContentLength} bytes; at most {limit} are accepted here.").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            await next(context);
        });

        var page = new EmbeddedFileProvider(typeof(MatAssistWeb).Assembly, "MatAssistant.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        MapApi(app, resources, store, options, work);
        app.MapMcp("/mcp");
        return app;
    }

    /// <summary>The address to listen on: an IP address or <c>localhost</c>.</summary>
    public static IPAddress ParseHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new RequestException($"--host '{host}' is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 or localhost).");

    private static void MapApi(WebApplication app, AssistantResources resources, ConversationStore store, WebServerOptions options, InFlightWork work)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", () => Results.Json(new { Status = "ok", Backend = store.Backend, Documents = resources.Index.Documents.Count }, ContractJson.Options));

        api.MapPost("/ask", (HttpContext http) => Run(http, options, work, async token =>
        {
            var request = await Read<AskRequest>(http, token);
            var chat = ConversationStore.ReadId(request.Chat);
            http.Response.Headers["X-Chat-Id"] = chat;
            return await store.AskAsync(chat, request.Question ?? string.Empty, null, token);
        }));
        api.MapPost("/ask/stream", (HttpContext http) => Stream(http, store, options, work));
        api.MapPost("/chat/reset", (HttpContext http) => Run(http, options, work, async token =>
        {
            var request = await Read<ResetRequest>(http, token);
            var chat = ConversationStore.ReadId(request.Chat ?? throw new RequestException("give the chat id to forget: {\"chat\": \"…\"}."));
            return new { Chat = chat, Forgotten = store.Reset(chat) };
        }));

        api.MapPost("/screen", (HttpContext http) => Run(http, options, work, async token =>
            await new ScreenFormulas(resources.Workspace).RunAsync(await Read<ScreenRequest>(http, token), token)));
        api.MapPost("/generate", (HttpContext http) => Run(http, options, work, async token =>
            await new DesignCandidates(resources.Workspace).RunAsync(await Read<DesignRequest>(http, token), token)));
        api.MapPost("/solve", (HttpContext http) => Run(http, options, work, async token =>
        {
            var request = await Read<SolveRequest>(http, token);
            var plots = resources.Workspace.Options.PlotDirectory;
            Directory.CreateDirectory(plots);
            request = request with { Plot = InFolder(plots, request.Plot, "plot"), Csv = InFolder(plots, request.Csv, "csv") };
            return await new SolveProblem().RunAsync(request, token);
        }));
        api.MapPost("/search", (HttpContext http) => Run(http, options, work, async token =>
            await new RetrieveLiterature(resources.Index).RunAsync(await Read<RetrieveRequest>(http, token), token)));
        api.MapPost("/ingest", (HttpContext http) => Run(http, options, work, async token =>
        {
            var result = http.Request.HasFormContentType ? await Upload(http, resources, token) : await IngestJson(http, resources, token);
            store.IndexChanged();
            return result;
        }));

        // Plots the solver wrote (the chat page shows them inline); only bare file names in the plot folder are served.
        api.MapGet("/files/{name}", (string name) =>
        {
            var plots = resources.Workspace.Options.PlotDirectory;
            var path = Path.Combine(plots, name);
            if (name != Path.GetFileName(name) || !File.Exists(path))
            {
                return ApiErrors.Result(StatusCodes.Status404NotFound, $"no file '{name}' in the plot folder.");
            }

            var type = Path.GetExtension(name).ToLowerInvariant() switch { ".png" => "image/png", ".svg" => "image/svg+xml", ".csv" => "text/csv", _ => "application/octet-stream" };
            return Results.File(path, type);
        });
    }

    /// <summary>A plot or CSV named by the client goes into the plot folder: a bare file name, never a server path.</summary>
    private static string? InFolder(string folder, string? name, string field)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length == 0 || name != Path.GetFileName(name))
        {
            throw new RequestException($"{field} must be a file name (e.g. decay.png); it is written to the data directory's plots/ and served at /api/files/NAME.");
        }

        return Path.Combine(folder, name);
    }

    private static async Task<IngestResult> IngestJson(HttpContext http, AssistantResources resources, CancellationToken token)
    {
        var request = await Read<IngestRequest>(http, token);
        request = request with { Paths = request.Paths ?? [] };
        if (request.Mode is IngestMode.Add || (request.Mode is IngestMode.Synchronise && request.Paths.Count > 0))
        {
            throw new RequestException("the server reads no paths sent over HTTP: upload the files as multipart/form-data (field 'files', optional 'collection').");
        }

        return await resources.Ingest.RunAsync(request, null, token);
    }

    /// <summary>Saves the uploaded files under DATA/uploads/COLLECTION/ (atomically) and adds them to the collection.</summary>
    private static async Task<IngestResult> Upload(HttpContext http, AssistantResources resources, CancellationToken token)
    {
        var form = await http.Request.ReadFormAsync(token);
        var collection = form["collection"].FirstOrDefault() is { Length: > 0 } named ? named : Literature.LiteratureIngestor.DefaultCollection;
        if (collection.Length > 64 || collection.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new RequestException("the collection name must be 1–64 letters, digits, '-' or '_'.");
        }

        if (form.Files.Count == 0)
        {
            throw new RequestException("no file in the upload: send the files in the multipart field 'files'.");
        }

        var folder = Path.Combine(resources.Workspace.Options.DataDirectory, UploadFolder, collection);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var file in form.Files)
        {
            var name = Path.GetFileName(file.FileName);
            if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.'))
            {
                throw new RequestException($"the uploaded file name '{file.FileName}' is not usable: give the file a name such as paper.pdf.");
            }

            var path = Path.Combine(folder, name);
            var temporary = path + ".upload";
            await using (var target = File.Create(temporary))
            {
                await file.CopyToAsync(target, token);
            }

            File.Move(temporary, path, overwrite: true);
            paths.Add(path);
        }

        return await resources.Ingest.RunAsync(new IngestRequest(paths, IngestMode.Add, collection), null, token);
    }

    private static async Task<T> Read<T>(HttpContext http, CancellationToken token)
    {
        if (http.Request.ContentLength is 0 || !(http.Request.HasJsonContentType() || http.Request.ContentType is null))
        {
            throw new RequestException($"send the request as a JSON body (Content-Type: application/json) with the fields of {typeof(T).Name}.");
        }

        return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, ReadOptions, token)
            ?? throw new RequestException($"the request body is null; send the fields of {typeof(T).Name}.");
    }

    /// <summary>Runs one use case under the time limit and writes its result, or the one-line error.</summary>
    private static async Task Run(HttpContext http, WebServerOptions options, InFlightWork running, Func<CancellationToken, Task<object>> work)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(options.RequestTimeout);
        IResult written;
        try
        {
            // On the thread pool: most use cases compute synchronously, and the limit must be able to answer before they finish
            // (they see the cancellation where they check for it).
            var result = await running.Run(() => work(limit.Token), limit.Token).WaitAsync(options.RequestTimeout, http.RequestAborted);
            written = Results.Text(ContractJson.Serialize(result), "application/json", Encoding.UTF8);
        }
        catch (Exception e) when (IsTimeout(e, http))
        {
            written = ApiErrors.Result(StatusCodes.Status504GatewayTimeout, $"the request did not finish within {options.RequestSeconds:0} s.");
        }
        catch (Exception e) when (ApiErrors.Classify(e) is { } error)
        {
            written = ApiErrors.Result(error.Status, error.Message);
        }

        await written.ExecuteAsync(http);
    }

    private static bool IsTimeout(Exception e, HttpContext http) => e is TimeoutException || (e is OperationCanceledException && !http.RequestAborted.IsCancellationRequested);

    /// <summary>
    /// Server-sent events: <c>chat</c> (the id), <c>text</c> chunks as the brain writes them, then <c>html</c> (the answer
    /// rendered) and <c>answer</c> (the same JSON as <c>/api/ask</c>), or <c>error</c> (one line).
    /// </summary>
    private static async Task Stream(HttpContext http, ConversationStore store, WebServerOptions options, InFlightWork running)
    {
        AskRequest request;
        string chat;
        try
        {
            request = await Read<AskRequest>(http, http.RequestAborted);
            chat = ConversationStore.ReadId(request.Chat);
        }
        catch (Exception e) when (ApiErrors.Classify(e) is { } error)
        {
            await ApiErrors.Result(error.Status, error.Message).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Chat-Id"] = chat;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = new SseWriter(http.Response, http.RequestAborted);
        await writer.SendAsync("chat", JsonSerializer.Serialize(new { chat }, ContractJson.Options));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(options.RequestTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var answer = await running.Run(() => store.AskAsync(chat, request.Question ?? string.Empty, writer.Text, limit.Token), limit.Token).WaitAsync(options.RequestTimeout, http.RequestAborted);
            // The page shows the answer as Markdig renders it, the same HTML as ask --html writes.
            writer.Enqueue("html", JsonSerializer.Serialize(new { html = Agent.Answers.AnswerHtml.Fragment(answer.Answer) }, ContractJson.Options));
            await writer.SendAsync("answer", ContractJson.Serialize(answer));
        }
        catch (Exception e) when (IsTimeout(e, http) || ApiErrors.Classify(e) is not null)
        {
            var message = IsTimeout(e, http) ? $"the request did not finish within {options.RequestSeconds:0} s." : ApiErrors.Classify(e)!.Value.Message;
            await writer.SendAsync("error", ContractJson.Serialize(new ApiError(message)));
        }
    }
}

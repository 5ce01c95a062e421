using System.Net;
using System.Net.Http.Headers;
using Candor.Server;
using Microsoft.AspNetCore.Builder;

namespace Candor.Tests.Server;

/// <summary>A real Candor server on 127.0.0.1 and a free port, with a client that keeps cookies (as a browser would).</summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = address };
    }

    /// <summary>The client, based at the server's address.</summary>
    public HttpClient Client { get; }

    public static async Task<ServerHost> StartAsync(ServerOptions? options = null)
    {
        var app = CandorServer.Build(options ?? new ServerOptions(), ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return new ServerHost(app, new Uri(CandorServer.Addresses(app)[0]));
    }

    /// <summary>GETs /api/session (which sets the cookie) and returns the CSRF token.</summary>
    public async Task<string> SessionAsync()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync("/api/session"));
        return doc.RootElement.GetProperty("csrf").GetString()!;
    }

    /// <summary>POSTs <paramref name="content"/> (a form, JSON…) to <paramref name="path"/> with the session's CSRF token.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, HttpContent content)
    {
        var token = await SessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Candor-Csrf", token);
        return await Client.SendAsync(request);
    }

    /// <summary>A form with <paramref name="files"/> in the field <c>file</c>.</summary>
    public static MultipartFormDataContent Form(params string[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var f in files) AddFile(form, "file", File.ReadAllBytes(f), Path.GetFileName(f));
        return form;
    }

    /// <summary>Adds <paramref name="bytes"/> as a file part (with a misleading content type: the server must sniff).</summary>
    public static void AddFile(MultipartFormDataContent form, string field, byte[] bytes, string name)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, field, name);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

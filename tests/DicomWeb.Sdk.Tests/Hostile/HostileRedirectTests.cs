using System.Net;
using DicomWeb.Client;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;
using static DicomWeb.Sdk.Tests.Hostile.Hostile;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// No secrets to other origins: a server on 127.0.0.1 answers 302/303/307 pointing to a second
/// server on 127.0.0.2 (another origin), which records whatever reaches it.
/// </summary>
public sealed class HostileRedirectTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-redirect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Secrets = ["X-Api-Key", "Cookie", "Authorization"];

    /// <summary>The second origin: answers searches with one study and anything else with 200 and an empty data set.</summary>
    private static Task<HostileServer> Elsewhere() => HostileServer.StartAsync(async (context, self) =>
    {
        context.Response.ContentType = "application/dicom+json";
        byte[] body = context.Request.Method == "GET" ? [(byte)'[', .. Study(7), (byte)']'] : "{}"u8.ToArray();
        await self.WriteAsync(context, body);
    }, host: "127.0.0.2");

    /// <summary>The first origin: redirects every request to the same path on <paramref name="target"/> with <paramref name="status"/>.</summary>
    private static Task<HostileServer> Redirecting(HostileServer target, int status) => HostileServer.StartAsync((context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = new Uri(target.Origin, context.Request.Path + context.Request.QueryString).ToString();
        return Task.CompletedTask;
    });

    private static DicomWebClient WithSecrets(Uri root, DicomWebClientOptions? options = null)
    {
        var client = new DicomWebClient(root, options);
        client.DefaultRequestHeaders.Add("X-Api-Key", "secret-key");
        client.DefaultRequestHeaders.Add("Cookie", "session=secret");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret-token");
        return client;
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_to_another_origin_is_refused_and_nothing_reaches_it(int status)
    {
        await using var elsewhere = await Elsewhere();
        await using var server = await Redirecting(elsewhere, status);
        using var client = WithSecrets(server.Root);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
        Assert.Contains($"redirected to another origin ({elsewhere.Origin.GetLeftPart(UriPartial.Authority)})", error.Message);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);

        List<string> files = await Files(_folder, 2);
        StowResult result = await client.StoreAsync(files, null, null, Safety());
        Assert.Equal(files, result.Failed.Select(f => f.Source));
        Assert.All(result.Failed, f => Assert.Equal((HttpStatusCode)status, f.StatusCode));
        Assert.Empty(elsewhere.Requests);
        Assert.Equal("secret-key", server.Requests.First().Headers["X-Api-Key"]); // the first origin did get them
    }

    [Fact]
    public async Task Allowed_cross_origin_redirects_carry_no_secret_and_no_body()
    {
        await using var elsewhere = await Elsewhere();
        await using var found = await Redirecting(elsewhere, 302);
        using var client = WithSecrets(found.Root, new DicomWebClientOptions { AllowCrossOriginRedirects = true });
        var studies = new List<string?>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies(), Safety()))
            studies.Add(study.Get(StudyInstanceUID));
        Assert.Equal(["1.2.3.7"], studies);
        SeenRequest followed = Assert.Single(elsewhere.Requests);
        Assert.Equal("/dicom-web/studies", followed.PathAndQuery);
        Assert.Equal("application/dicom+json", followed.Headers["Accept"]);
        Assert.DoesNotContain(followed.Headers.Keys, k => Secrets.Contains(k, StringComparer.OrdinalIgnoreCase));

        // A 307 would need the STOW body sent there: never.
        await using var temporary = await Redirecting(elsewhere, 307);
        using var storing = WithSecrets(temporary.Root, new DicomWebClientOptions { AllowCrossOriginRedirects = true });
        List<string> files = await Files(_folder, 2);
        StowResult refused = await storing.StoreAsync(files, null, null, Safety());
        Assert.Equal(2, refused.Failed.Count);
        Assert.Contains("a body is never sent to another origin", refused.Failed[0].Reason);
        Assert.Single(elsewhere.Requests);

        // A 303 says "the answer is over there": asked for with GET, without body or secrets.
        await using var seeOther = await Redirecting(elsewhere, 303);
        using var storing303 = WithSecrets(seeOther.Root, new DicomWebClientOptions { AllowCrossOriginRedirects = true });
        await storing303.StoreAsync(files, null, null, Safety());
        SeenRequest get = elsewhere.Requests.Last();
        Assert.Equal(("GET", 0L), (get.Method, get.BodyBytes));
        Assert.DoesNotContain(get.Headers.Keys, k => Secrets.Contains(k, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(2, elsewhere.Requests.Count);
    }

    [Fact]
    public async Task A_callers_HttpClient_that_follows_redirects_itself_gets_a_refusal_for_the_other_origins_answer()
    {
        await using var elsewhere = await Elsewhere();
        await using var server = await Redirecting(elsewhere, 302);
        using var http = new HttpClient { BaseAddress = server.Root }; // AllowAutoRedirect is on by default
        using var client = new DicomWebClient(http);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
        Assert.Contains($"the response came from another origin ({elsewhere.Origin.GetLeftPart(UriPartial.Authority)})", error.Message);
        Assert.Contains("AllowAutoRedirect = false", error.Message);
    }

    [Fact]
    public async Task Same_origin_redirects_are_followed_with_the_body_sent_again_when_it_can_be()
    {
        await using var server = await HostileServer.StartAsync(async (context, self) =>
        {
            string path = context.Request.Path.Value!;
            if (!path.StartsWith("/dicom-web/v2/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = context.Request.Method == "POST" ? 307 : 302;
                context.Response.Headers.Location = "/dicom-web/v2/" + path["/dicom-web/".Length..] + context.Request.QueryString;
                return;
            }
            context.Response.ContentType = "application/dicom+json";
            byte[] body = context.Request.Method == "GET" ? [(byte)'[', .. Study(1), (byte)']'] : "{}"u8.ToArray();
            await self.WriteAsync(context, body);
        });
        using var client = WithSecrets(server.Root);
        var studies = new List<DicomDataset>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies(), Safety()))
            studies.Add(study);
        Assert.Single(studies);

        List<string> files = await Files(_folder, 2);
        StowResult stored = await client.StoreAsync(files, null, null, Safety());
        Assert.True(stored.AllStored, stored.ToString());
        SeenRequest[] posts = [.. server.Requests.Where(r => r.Method == "POST")];
        Assert.Equal(["/dicom-web/studies", "/dicom-web/v2/studies"], posts.Select(p => p.PathAndQuery));
        Assert.Equal(posts[0].BodyBytes, posts[1].BodyBytes);
        Assert.True(posts[1].BodyBytes > 0);
        Assert.Equal("secret-key", posts[1].Headers["X-Api-Key"]);

        // A stream that cannot be read again cannot follow a 307: its instance fails, saying why.
        using var pipe = new NonSeekable(await File.ReadAllBytesAsync(files[0]));
        StowResult once = await client.StoreAsync([pipe], null, null, Safety());
        Assert.Contains("cannot be sent again", Assert.Single(once.Failed).Reason);
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_MaxRedirects()
    {
        await using var server = await HostileServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = context.Request.Path + context.Request.QueryString;
            return Task.CompletedTask;
        });
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { MaxRedirects = 3 });
        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.DeleteAsync(Wado.Study("1.2.3"), Safety()));
        Assert.Contains("more than 3 redirects (MaxRedirects)", error.Message);
        Assert.Equal(4, server.Requests.Count);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

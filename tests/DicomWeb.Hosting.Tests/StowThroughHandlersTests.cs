using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DicomWeb.Hosting.Tests;

/// <summary>STOW-RS through a DI client whose pipeline has handlers that fail: every instance is still accounted for.</summary>
public sealed class StowThroughHandlersTests
{
    /// <summary>Throws what a resilience pipeline throws when its circuit is open (not an HttpRequestException).</summary>
    private sealed class BrokenCircuitHandler : DelegatingHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("The circuit is now open and is not allowing calls.");
        }
    }

    [Fact]
    public async Task A_handler_that_throws_leaves_every_instance_in_the_result()
    {
        await using FakeServer server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        var handler = new BrokenCircuitHandler();
        var services = new ServiceCollection();
        services.AddDicomWebClient(o => o.BaseAddress = server.Root).AddHttpMessageHandler(() => handler);
        using ServiceProvider provider = services.BuildServiceProvider();
        IDicomWebClient client = provider.GetRequiredService<IDicomWebClient>();
        var instances = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            using var part10 = new MemoryStream();
            await DicomFile.Create(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid())).SaveAsync(part10);
            instances.Add(part10.ToArray());
        }

        StowResult result = await client.StoreAsync(instances, new StowOptions { MaxInstancesPerRequest = 2, MaxRetries = 0 });

        Assert.False(result.AllStored);
        Assert.Empty(result.Stored);
        Assert.Equal(5, result.Failed.Count + result.NotSent.Count);
        Assert.True(handler.Calls >= 1);
        Assert.Empty(server.Requests);
    }
}

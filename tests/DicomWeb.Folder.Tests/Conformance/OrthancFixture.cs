using DicomWeb.Tests;

namespace DicomWeb.Folder.Tests.Conformance;

[CollectionDefinition(Name)]
public sealed class OrthancCollection : ICollectionFixture<OrthancFixture>
{
    public const string Name = "Orthanc";
}

/// <summary>The Orthanc of the test harness, started once for the tests of the collection and stopped after them.</summary>
public sealed class OrthancFixture : OrthancServer, IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

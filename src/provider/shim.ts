import type * as pulumi from "@pulumi/pulumi";

/**
 * The object handed to `pulumi.dynamic.Resource` and serialized into every FlowLog's `__provider` input.
 *
 * Why a shim: the closure serializer stores the provider's text in the state, and read and delete later run
 * that stored text (pulumi/pulumi#12401, #6490, #16826). Each method therefore only `require`s the installed
 * implementation by package name at call time. It captures nothing (no imports used inside, no module
 * constants), so its text is small, credential-free and identical from build to build and release to
 * release: an upgrade shows no `~__provider` diff and old state runs the new code.
 *
 * Do not add logic here: any change to this text changes every stack's state.
 */
export const flowLogProviderShim: pulumi.dynamic.ResourceProvider = {
  configure(req) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.configure(req);
  },
  check(olds, news) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.check(olds, news);
  },
  diff(id, olds, news) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.diff(id, olds, news);
  },
  create(inputs) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.create(inputs);
  },
  read(id, props) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.read(id, props);
  },
  update(id, olds, news) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.update(id, olds, news);
  },
  delete(id, props) {
    return require("pulumi-alicloud-flowlog/provider").flowLogProvider.delete(id, props);
  },
};

"""The official Equinix Metal client against the tenantdeck stand-in, and every answer it got
checked against the spec's response schemas.

It starts nothing itself: give it a running stand-in's base URL and an API token
(`--base-url`/`--token`, or METAL_BASE_URL/METAL_TOKEN; the base URL with or without
`/metal/v1`). tests/sdk/run.sh starts one and calls this.

1. SDK: `equinix.services.metalv1` lists every organization with find_organizations_all_pages,
   creates, reads, updates and deletes one, creates a project, lists projects and memberships,
   reads and updates a membership, creates, reads, lists and declines an invitation, and reads
   and updates the current user; with an invitee's token too (`--invitee-token`), that user
   lists their own invitations, accepts one and reads the inviter by id. Any decoding error
   fails the check.
2. Schema: every exchange of step 1, plus raw calls for the error answers (401, 403, 404, 422)
   and include/exclude variants, is validated with openapi-core against
   tests/fixtures/equinix-metal-oas3.json (status, content type and body schema).
"""

import argparse
import json
import os
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request

from equinix.services import metalv1
from equinix.services.metalv1 import rest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "equinix-metal-oas3.json"
API_PATH = "/metal/v1"
# The spec's server; requests are matched against it whatever host answered them.
SPEC_HOST = "https://api.equinix.com"


class Exchange:
    """One request and its answer, as sent and as received."""

    def __init__(self, method, url, body, status, content_type, data):
        self.method = method.lower()
        self.url = url
        self.body = body
        self.status = status
        self.content_type = content_type
        self.data = data or b""

    def __str__(self):
        return f"{self.method.upper()} {urllib.parse.urlsplit(self.url).path} -> {self.status}"


EXCHANGES = []


def record_sdk_traffic():
    """Wraps the SDK's HTTP layer so each exchange is kept for the schema check."""
    original = rest.RESTClientObject.request

    def request(self, method, url, headers=None, body=None, post_params=None, _request_timeout=None):
        response = original(self, method, url, headers, body, post_params, _request_timeout)
        data = response.read()
        content_type = response.getheader("content-type")
        EXCHANGES.append(Exchange(method, url, body, response.status, content_type, data))
        return response

    rest.RESTClientObject.request = request


def raw(base, token, method, path, body=None):
    """A call without the SDK (for the answers the SDK turns into exceptions)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + API_PATH + path, data=data, method=method)
    if token is not None:
        request.add_header("X-Auth-Token", token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            status, headers, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, payload = error.code, error.headers, error.read()
    exchange = Exchange(method, base + API_PATH + path, body, status, headers.get("content-type"), payload)
    exchange.headers = headers
    EXCHANGES.append(exchange)
    return exchange


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def sdk_check(base, token):
    config = metalv1.Configuration(host=base + API_PATH, api_key={"x_auth_token": token})
    client = metalv1.ApiClient(config)
    orgs = metalv1.OrganizationsApi(client)
    projects = metalv1.ProjectsApi(client)
    memberships = metalv1.MembershipsApi(client)
    invitations = metalv1.InvitationsApi(client)
    users = metalv1.UsersApi(client)

    me = users.find_current_user()
    expect(me.id and me.email, "findCurrentUser names the user")
    renamed = users.update_current_user(metalv1.UserUpdateInput(timezone="Europe/Oslo"))
    expect(renamed.id == me.id and renamed.timezone == "Europe/Oslo", "updateCurrentUser")

    first = orgs.find_organizations(per_page=7)
    every = orgs.find_organizations_all_pages(per_page=7)
    expect(len(every.organizations) == first.meta.total, "all pages hold every organization")
    expect(len({o.id for o in every.organizations}) == first.meta.total, "no organization twice")
    print(f"  find_organizations_all_pages: {first.meta.total} organizations in {first.meta.last_page} pages")

    address = metalv1.Address(address="1 Harbour Street", zip_code="1011", country="NL", city="Amsterdam")
    created = orgs.create_organization(
        metalv1.OrganizationInput(name="SDK check organization", description="made by the SDK check", address=address)
    )
    expect(created.name == "SDK check organization" and created.id, "createOrganization answers the organization")
    expect(created.address.country == "NL", "the address is kept")
    read = orgs.find_organization_by_id(created.id, include=["projects"])
    expect(read.id == created.id and read.projects == [], "findOrganizationById")
    updated = orgs.update_organization(created.id, metalv1.OrganizationInput(website="https://sdk.example"))
    expect(updated.website == "https://sdk.example" and updated.name == created.name, "updateOrganization")

    project = orgs.create_organization_project(created.id, metalv1.ProjectCreateInput(name="SDK check project"))
    listed = orgs.find_organization_projects(created.id, name="sdk check")
    expect([p.id for p in listed.projects] == [project.id], "findOrganizationProjects with a name filter")
    all_projects = orgs.find_organization_projects_all_pages(created.id, per_page=1)
    expect(len(all_projects.projects) == 1, "projects, every page")

    members = projects.find_project_memberships(project.id)
    expect(len(members.memberships) == 1, "the creator is the project's member")
    membership = memberships.find_membership_by_id(members.memberships[0].id)
    expect(membership.user.href.endswith(me.id), "findMembershipById names the user")
    changed = memberships.update_membership(membership.id, metalv1.MembershipInput(role=["collaborator"]))
    expect(changed.roles == ["collaborator"], "updateMembership")

    invitation = orgs.create_organization_invitation(
        created.id,
        metalv1.InvitationInput(invitee="sdk.check@example.com", roles=["collaborator"], projects_ids=[project.id]),
    )
    expect(invitation.invitee == "sdk.check@example.com", "createOrganizationInvitation")
    pending = orgs.find_organization_invitations(created.id)
    expect([i.id for i in pending.invitations] == [invitation.id], "findOrganizationInvitations")
    again = invitations.find_invitation_by_id(invitation.id)
    expect(again.roles == ["collaborator"], "findInvitationById")
    invitations.decline_invitation(invitation.id)
    expect(orgs.find_organization_invitations(created.id).invitations == [], "declineInvitation")

    orgs.delete_organization(created.id)
    try:
        orgs.find_organization_by_id(created.id)
        raise AssertionError("a deleted organization is gone")
    except metalv1.ApiException as error:
        expect(error.status == 404, f"a deleted organization answers 404, not {error.status}")
    return me


def invitee_check(base, token, invitee_token, me):
    """The invitee's side through the SDK: their own invitations, accepting one, and the
    inviter read by id once they share an organization."""
    def api(key):
        return metalv1.ApiClient(metalv1.Configuration(host=base + API_PATH, api_key={"x_auth_token": key}))

    inviter, invitee = api(token), api(invitee_token)
    orgs = metalv1.OrganizationsApi(inviter)
    invitee_users = metalv1.UsersApi(invitee)
    them = invitee_users.find_current_user()
    created = orgs.create_organization(metalv1.OrganizationInput(name="SDK check invitee organization"))
    project = orgs.create_organization_project(created.id, metalv1.ProjectCreateInput(name="SDK invitee project"))
    invitation = orgs.create_organization_invitation(
        created.id,
        metalv1.InvitationInput(invitee=them.email, roles=["billing"], projects_ids=[project.id]),
    )
    own = invitee_users.find_invitations()
    expect(invitation.id in [i.id for i in own.invitations], "findInvitations lists the invitee's own")
    accepted = metalv1.InvitationsApi(invitee).accept_invitation(invitation.id)
    expect(accepted.roles == ["billing"] and accepted.project.href.endswith(project.id), "acceptInvitation")
    inviter_read = invitee_users.find_user_by_id(me.id)
    expect(inviter_read.id == me.id, "findUserById of someone in a shared organization")
    orgs.delete_organization(created.id)
    print("  the invitee listed, accepted and met the inviter through the SDK")


def error_answers(base, token, me):
    """Raw calls for the documented error answers and include/exclude variants."""
    expect(raw(base, None, "GET", "/organizations").status == 401, "no token: 401")
    expect(raw(base, "not-a-key", "GET", "/user").status == 401, "unknown token: 401")
    missing = "/organizations/00000000-0000-4000-8000-000000000000"
    expect(raw(base, token, "GET", missing).status == 404, "unknown organization: 404")
    expect(raw(base, token, "GET", "/memberships/00000000-0000-4000-8000-000000000000").status == 404, "404")
    expect(raw(base, token, "POST", "/organizations", {"name": " "}).status == 422, "blank name: 422")
    expect(raw(base, token, "PUT", "/user", {"first_name": ""}).status == 422, "blank first name: 422")
    bad_address = {"name": "x", "address": {"address": "1 Road", "country": "Nowhere"}}
    expect(raw(base, token, "PUT", missing, {"name": "x"}).status == 404, "update unknown: 404")
    expect(raw(base, token, "POST", "/organizations", bad_address).status == 422, "bad address: 422")
    listed = raw(base, token, "GET", "/organizations?include=memberships,projects&per_page=100")
    expect(listed.status == 200, "include=memberships,projects")
    expect(all(k in listed.headers for k in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")),
           "X-RateLimit-* headers")
    raw(base, token, "GET", "/organizations?include=projects&exclude=projects.organization&personal=exclude")
    raw(base, token, "GET", "/organizations?without_projects=only&page=2&per_page=3")
    # An organization where the caller holds a role that may not manage it: 403 on writes.
    me_href = f"{API_PATH}/users/{me.id}"
    lesser = None
    for org in json.loads(listed.data)["organizations"]:
        mine = [m for m in org["memberships"] if m.get("user", {}).get("href") == me_href]
        if mine and not {"owner", "admin"} & set(mine[0]["roles"]):
            lesser = org
            break
    if lesser is not None:
        expect(raw(base, token, "PUT", f"/organizations/{lesser['id']}", {"name": "x"}).status == 403, "403")
        expect(raw(base, token, "GET", f"/organizations/{lesser['id']}/invitations").status == 403, "403")
        raw(base, token, "POST", f"/organizations/{lesser['id']}/invitations", {"invitee": "a@example.com"})
    team = next(o for o in json.loads(listed.data)["organizations"] if o["projects"])
    project = team["projects"][0]
    raw(base, token, "GET", f"/projects/{project['id']}/memberships?include=user&search=a")
    raw(base, token, "GET", f"/organizations/{team['id']}?include=members,memberships.user")
    raw(base, token, "GET", f"/organizations/{team['id']}/projects?include=memberships&exclude=organization")
    bad_invite = {"invitee": "not-an-email", "roles": ["emperor"]}
    raw(base, token, "POST", f"/organizations/{team['id']}/invitations", bad_invite)
    raw(base, token, "GET", "/invitations")
    raw(base, token, "GET", team["members"][0]["href"][len(API_PATH):])


def schema_check():
    """Every recorded answer against the spec; the failures, one line each."""
    # The upstream spec is not a valid OpenAPI document (`/bgp-dynamic-neighbors/{id}` says
    # `operation` for `operationId`), so the document is not validated, only the answers.
    spec = OpenAPI.from_file_path(str(SPEC), config=Config(spec_validator_cls=None))
    failures = []
    for exchange in EXCHANGES:
        parts = urllib.parse.urlsplit(exchange.url)
        request = MockRequest(
            SPEC_HOST,
            exchange.method,
            parts.path,
            args=dict(urllib.parse.parse_qsl(parts.query)),
        )
        content_type = (exchange.content_type or "").split(";")[0] or "application/json"
        response = MockResponse(exchange.data, status_code=exchange.status, content_type=content_type)
        try:
            spec.validate_response(request, response)
        except Exception as error:  # every kind of mismatch is a failure to report
            failures.append(f"{exchange}: {type(error).__name__}: {error}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("METAL_BASE_URL"))
    parser.add_argument("--token", default=os.environ.get("METAL_TOKEN"))
    parser.add_argument("--invitee-token", default=os.environ.get("METAL_INVITEE_TOKEN"))
    args = parser.parse_args()
    if not args.base_url or not args.token:
        parser.error("the stand-in's base URL and an API token are required (or METAL_BASE_URL, METAL_TOKEN)")
    base = args.base_url.rstrip("/")
    if base.endswith(API_PATH):
        base = base[: -len(API_PATH)]

    record_sdk_traffic()
    print("SDK check (equinix metalv1):")
    me = sdk_check(base, args.token)
    if args.invitee_token:
        invitee_check(base, args.token, args.invitee_token, me)
    print(f"  {len(EXCHANGES)} calls through the SDK, none failed to decode")
    error_answers(base, args.token, me)
    failures = schema_check()
    print(f"Schema check: {len(EXCHANGES)} answers against {SPEC.name}, {len(failures)} failed")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

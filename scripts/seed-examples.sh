#!/usr/bin/env bash
# Replays the curl examples of the ECS v2 seed document against a running OpenECS and checks every answer.
#   scripts/seed-examples.sh [BASE_URL] [USERNAME] [PASSWORD]
# Defaults: http://127.0.0.1:8080, admin, $OPENECS_PASSWORD. Needs curl and jq. Exits non-zero at the first wrong answer.
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
USER_NAME=${2:-admin}
PASSWORD=${3:-${OPENECS_PASSWORD:?give the password as the third argument or OPENECS_PASSWORD}}
API="$BASE/ecs/v2"
step=0

# check NAME STATUS BODY JQ-EXPR: the HTTP status must match and the jq expression must be true on the body.
check() {
  local name=$1 want=$2 got=$3 body=$4 expr=$5
  step=$((step + 1))
  if [[ "$got" != "$want" ]] || ! jq -e "$expr" >/dev/null 2>&1 <<<"$body"; then
    echo "FAIL $step $name: HTTP $got (wanted $want), check '$expr' on: $body" >&2
    exit 1
  fi
  echo "ok   $step $name"
}

# call METHOD PATH [curl args...]: sets $code and $body.
call() {
  local method=$1 path=$2; shift 2
  local out
  out=$(curl -sS -X "$method" "$API$path" -w '\n%{http_code}' "$@")
  code=${out##*$'\n'}
  body=${out%$'\n'*}
}

wait_action() {
  local id=$1
  for _ in $(seq 1 300); do
    call GET "/actions/$id" -H "$AUTH"
    [[ $(jq -r .action.status <<<"$body") != "in-progress" ]] && return 0
    sleep 0.1
  done
  echo "FAIL action $id did not end" >&2; exit 1
}

# Login with form fields (-F), as in the seed.
call POST /login -F "username=$USER_NAME" -F "password=$PASSWORD"
check "login" 200 "$code" "$body" '.status == "ok" and (.token | split(".") | length == 3) and (.expire | type == "number")'
TOKEN=$(jq -r .token <<<"$body")
AUTH="Authorization: Bearer $TOKEN"

# The seed's create example lacks a comma after "notes": that exact body is malformed JSON.
call POST /servers -H 'Content-Type: application/json' -H "$AUTH" -d '{
      "plan": "ECS1",
      "location":"it-fr2",
      "image": "centos-7",
      "notes": "my first server"
      "ssh_key": "public_key_label"
}'
check "create server (seed body, malformed)" 400 "$code" "$body" '.status != "ok" and .error_code == 400 and (.message | length > 0)'

# With the comma but without that ssh key label, the label is unknown.
call POST /servers -H 'Content-Type: application/json' -H "$AUTH" -d '{"plan": "ECS1", "location":"it-fr2", "image": "centos-7", "notes": "my first server", "ssh_key": "public_key_label"}'
check "create server (unknown ssh key label)" 400 "$code" "$body" '.error_code == 400 and (.message | test("ssh key"))'

call POST /sshkeys -H 'Content-Type: application/json' -H "$AUTH" -d '{"label": "public_key_label", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo seed@example"}'
check "add the ssh key" 200 "$code" "$body" '.status == "ok"'

call POST /servers -H 'Content-Type: application/json' -H "$AUTH" -d '{
      "plan": "ECS1",
      "location":"it-fr2",
      "image": "centos-7",
      "notes": "my first server",
      "ssh_key": "public_key_label"
}'
check "create server" 200 "$code" "$body" '.status == "ok" and (.action_id | type == "number") and .server.status == "Booting" and .server.ipv4 == "" and .server.plan_size.core == "1" and .server.plan_size.ram == "1024" and .server.notes == "my first server" and .server.so == "centos-7" and .server.deletion_date == null'
SERVER=$(jq -r .server.name <<<"$body")
wait_action "$(jq -r .action_id <<<"$body")"
check "create action completed" 200 "$code" "$body" '.action.status == "completed" and .action.progress == 100 and .action.type == "create_server"'

call GET /servers -H "$AUTH"
check "list servers" 200 "$code" "$body" ".status == \"ok\" and .count >= 1 and (.server | map(select(.name == \"$SERVER\" and .status == \"Booted\" and .virttype == \"KVM\" and (.ipv4 | length > 0))) | length == 1)"

# The seed's group example: curl -d without a Content-Type (arrives as a form, carries JSON).
call POST /groups -H "$AUTH" -d '{
    "notes": "Test group 1",
    "password": "secret"
}'
check "create group" 200 "$code" "$body" '.status == "ok" and (.group.id | type == "number") and (.group.name | test("^eg1[0-9]{5}$")) and .group.notes == "Test group 1" and .group.enabled == true'
GROUP_ID=$(jq -r .group.id <<<"$body"); GROUP=$(jq -r .group.name <<<"$body")

call PUT "/servers/$SERVER" -H 'Content-Type: application/json' -H "$AUTH" -d "{\"note\": \"update server name\", \"group\": \"$GROUP\"}"
check "update server" 200 "$code" "$body" '. == {"status":"ok"}'
call GET "/servers/$SERVER" -H "$AUTH"
check "server updated" 200 "$code" "$body" ".server.notes == \"update server name\" and .server.group == \"$GROUP\""

call GET "/servers/$SERVER/status" -H "$AUTH"
check "server status" 200 "$code" "$body" ".status == \"ok\" and .name == \"$SERVER\" and .current_status == \"RUNNING\" and .server.current_status == \"RUNNING\""

call POST "/servers/$SERVER/actions" -H "$AUTH" -H 'Content-Type: application/json' -d '{"type":"console"}'
check "console" 200 "$code" "$body" '.action.type == "console" and (.console_key | test("^[0-9a-f-]{36}$"))'

call POST "/servers/$SERVER/actions" -H "$AUTH" -H 'Content-Type: application/json' -d '{"type":"power_off"}'
check "power off" 200 "$code" "$body" '.action.type == "power_off" and .action.status == "in-progress"'
wait_action "$(jq -r .action.id <<<"$body")"
call POST "/servers/$SERVER/actions" -H "$AUTH" -H 'Content-Type: application/json' -d '{"type":"power_on"}'
check "power on" 200 "$code" "$body" '.action.type == "power_on" and .action.progress == 0 and (.action.id | type == "number")'
wait_action "$(jq -r .action.id <<<"$body")"

call POST "/servers/$SERVER/actions" -H "$AUTH" -H 'Content-Type: application/json' -d '{}'
check "action without type" 400 "$code" "$body" '.error_code == 400 and (.message | test("action type is required"))'

call GET "/servers/$SERVER/metrics" -H "$AUTH"
check "metrics" 200 "$code" "$body" ".metrics.resource == \"$SERVER\" and (.metrics.core | type == \"array\") and (.metrics.disk.reads | type == \"array\") and (.metrics.disk.writes | type == \"array\") and (.metrics.network.received | type == \"array\") and (.metrics.network.transmitted | type == \"array\")"

call GET /actions -H "$AUTH"
check "list actions" 200 "$code" "$body" '.status == "ok" and (.actions | length >= 4) and (.actions[0].id > .actions[1].id) and (.total_actions | type == "number")'
ACTION_ID=$(jq -r '.actions[-1].id' <<<"$body")
call GET "/actions/$ACTION_ID" -H "$AUTH"
check "get action" 200 "$code" "$body" ".action.id == $ACTION_ID and .action.resource_type == \"ECS\""

call POST /templates -H "$AUTH" -H 'Content-Type: application/json' -d "{\"server\": \"$SERVER\", \"notes\": \"Template server staging\"}"
check "create template" 200 "$code" "$body" '.status == "ok" and (.template.name | test("^ei2[0-9]{5}$"))'
TEMPLATE_ID=$(jq -r .template.id <<<"$body")
wait_action "$(jq -r .action_id <<<"$body")"
call GET /templates -H "$AUTH"
check "list templates" 200 "$code" "$body" '.status == "ok" and (.templates | map(select(.status == "Created" and .notes == "Template server staging")) | length == 1)'
call GET "/templates/$TEMPLATE_ID" -H "$AUTH"
check "get template" 200 "$code" "$body" ".template.id == $TEMPLATE_ID and .template.active_flag == true and (.template.uuid | length == 36)"
call DELETE "/templates/$TEMPLATE_ID" -H "$AUTH"
check "delete template" 200 "$code" "$body" '.action.type == "delete_template" and .action.resource_type == "ECI" and .action.status == "in-progress"'

call GET /groups -H "$AUTH"
check "list groups" 200 "$code" "$body" ".groups | map(select(.id == $GROUP_ID)) | length == 1"
call DELETE "/groups/$GROUP_ID" -H "$AUTH"
check "delete group holding a server" 409 "$code" "$body" '.error_code == 409'
call PUT "/servers/$SERVER" -H "$AUTH" -H 'Content-Type: application/json' -d '{"group": "nogroup"}'
check "server out of the group" 200 "$code" "$body" '.status == "ok"'
call DELETE "/groups/$GROUP_ID" -H "$AUTH"
check "delete group" 200 "$code" "$body" '. == {"status":"ok"}'

call GET /regions -H "$AUTH"
check "regions" 200 "$code" "$body" '.status == "ok" and (.regions | map(select(.location == "it-fr2" and .description == "Frosinone" and (.id | type == "number"))) | length == 1)'
call GET /plans -H "$AUTH"
check "plans" 200 "$code" "$body" '.status == "ok" and (.plans | map(select((.name | ascii_downcase) == "ecs1" and .cpu == "1" and .ram == "1024" and .disk == "20" and (.hourly_price | type == "number") and (.montly_price | type == "number") and .windows == false and .available == true)) | length == 1)'

call DELETE "/servers/$SERVER" -H "$AUTH"
check "delete server" 200 "$code" "$body" ".status == \"ok\" and .action.type == \"delete_server\" and .action.resource == \"$SERVER\" and .action.completed_at == null"
wait_action "$(jq -r .action.id <<<"$body")"
call GET /servers -H "$AUTH"
check "server gone" 200 "$code" "$body" ".server | map(select(.name == \"$SERVER\")) | length == 0"
call DELETE "/servers/$SERVER" -H "$AUTH"
check "second delete" 404 "$code" "$body" '.status == "not_found" and .error_code == 404'

echo "all $step seed examples answered as expected"

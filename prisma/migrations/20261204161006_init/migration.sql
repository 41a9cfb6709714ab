-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "company_role" AS ENUM ('ComplaintsContact', 'User');

-- CreateEnum
CREATE TYPE "complaint_status" AS ENUM ('EnrollmentPending', 'AwaitingPoc', 'Open', 'Closed');

-- CreateEnum
CREATE TYPE "ir_status" AS ENUM ('Open', 'Sent', 'ReturnedForUpdate', 'Closed');

-- CreateEnum
CREATE TYPE "close_reason" AS ENUM ('explanation', 'monetary-relief', 'non-monetary-relief', 'duplicate', 'invalid', 'referred');

-- CreateEnum
CREATE TYPE "due_date_reason" AS ENUM ('Created', 'ExtensionApproved', 'ReturnedForUpdate', 'Moved');

-- CreateEnum
CREATE TYPE "extension_decision" AS ENUM ('Approved', 'Denied');

-- CreateEnum
CREATE TYPE "channel" AS ENUM ('Email', 'Slack');

-- CreateTable
CREATE TABLE "agency" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agency_staff" (
    "slack_user_id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "agency_id" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agency_staff_pkey" PRIMARY KEY ("slack_user_id")
);

-- CreateTable
CREATE TABLE "company" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "normalized_name" TEXT NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "company_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "company_role" NOT NULL,
    "company_id" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "company_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrollment" (
    "id" SERIAL NOT NULL,
    "company_id" TEXT NOT NULL,
    "invited_email" TEXT NOT NULL,
    "invited_name" TEXT,
    "invited_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "consumer_reference" TEXT,
    "status" "complaint_status" NOT NULL,
    "company_id" TEXT NOT NULL,
    "poc_email" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint_helper" (
    "id" SERIAL NOT NULL,
    "complaint_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "complaint_helper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "information_request" (
    "id" SERIAL NOT NULL,
    "complaint_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "question" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "ir_status" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "information_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "due_date_change" (
    "id" SERIAL NOT NULL,
    "ir_id" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" "due_date_reason" NOT NULL,
    "note" TEXT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "due_date_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "response_version" (
    "id" SERIAL NOT NULL,
    "ir_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "author_email" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "restricted" BOOLEAN NOT NULL,
    "saved_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),

    CONSTRAINT "response_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "extension_request" (
    "id" SERIAL NOT NULL,
    "ir_id" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "decision" "extension_decision",
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,

    CONSTRAINT "extension_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint_closure" (
    "complaint_id" INTEGER NOT NULL,
    "reason" "close_reason" NOT NULL,
    "amount" DECIMAL(12,2),
    "note" TEXT NOT NULL,
    "visible_to_company" BOOLEAN NOT NULL,
    "closed_by" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "complaint_closure_pkey" PRIMARY KEY ("complaint_id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "channel" "channel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "complaint_number" TEXT,
    "message_id" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_message" (
    "id" SERIAL NOT NULL,
    "source" "channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "complaint_number" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inbound_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "complaint_number" TEXT,
    "company_id" TEXT,
    "type" TEXT NOT NULL,
    "actor" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agency_staff_agency_id_idx" ON "agency_staff"("agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "company_normalized_name_key" ON "company"("normalized_name");

-- CreateIndex
CREATE UNIQUE INDEX "company_user_email_key" ON "company_user"("email");

-- CreateIndex
CREATE INDEX "company_user_company_id_idx" ON "company_user"("company_id");

-- CreateIndex
CREATE INDEX "enrollment_company_id_idx" ON "enrollment"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "complaint_number_key" ON "complaint"("number");

-- CreateIndex
CREATE INDEX "complaint_company_id_status_idx" ON "complaint"("company_id", "status");

-- CreateIndex
CREATE INDEX "complaint_status_opened_at_idx" ON "complaint"("status", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "complaint_helper_complaint_id_email_key" ON "complaint_helper"("complaint_id", "email");

-- CreateIndex
CREATE INDEX "information_request_status_due_at_idx" ON "information_request"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "information_request_complaint_id_number_key" ON "information_request"("complaint_id", "number");

-- CreateIndex
CREATE INDEX "due_date_change_ir_id_changed_at_idx" ON "due_date_change"("ir_id", "changed_at");

-- CreateIndex
CREATE UNIQUE INDEX "response_version_ir_id_version_key" ON "response_version"("ir_id", "version");

-- CreateIndex
CREATE INDEX "extension_request_ir_id_idx" ON "extension_request"("ir_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_key_key" ON "notification"("key");

-- CreateIndex
CREATE INDEX "notification_complaint_number_sent_at_idx" ON "notification"("complaint_number", "sent_at");

-- CreateIndex
CREATE INDEX "inbound_message_complaint_number_received_at_idx" ON "inbound_message"("complaint_number", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_message_source_external_id_key" ON "inbound_message"("source", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_key_key" ON "audit_event"("key");

-- CreateIndex
CREATE INDEX "audit_event_complaint_number_at_idx" ON "audit_event"("complaint_number", "at");

-- CreateIndex
CREATE INDEX "audit_event_company_id_at_idx" ON "audit_event"("company_id", "at");

-- AddForeignKey
ALTER TABLE "agency_staff" ADD CONSTRAINT "agency_staff_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_user" ADD CONSTRAINT "company_user_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_helper" ADD CONSTRAINT "complaint_helper_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_request" ADD CONSTRAINT "information_request_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "due_date_change" ADD CONSTRAINT "due_date_change_ir_id_fkey" FOREIGN KEY ("ir_id") REFERENCES "information_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_version" ADD CONSTRAINT "response_version_ir_id_fkey" FOREIGN KEY ("ir_id") REFERENCES "information_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "extension_request" ADD CONSTRAINT "extension_request_ir_id_fkey" FOREIGN KEY ("ir_id") REFERENCES "information_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_closure" ADD CONSTRAINT "complaint_closure_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
